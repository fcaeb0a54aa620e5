using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StageAutomations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StageAutomations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StageId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    IdleDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: true),
                    TaskKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    DueIn = table.Column<int>(type: "INTEGER", nullable: true),
                    DueUnit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Field = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Value = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MoveToStageId = table.Column<int>(type: "INTEGER", nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageAutomations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StageAutomations_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageAutomations_AspNetUsers_PersonId",
                        column: x => x.PersonId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageAutomations_Stages_MoveToStageId",
                        column: x => x.MoveToStageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_StageAutomations_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AutomationRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AutomationId = table.Column<int>(type: "INTEGER", nullable: false),
                    DealId = table.Column<int>(type: "INTEGER", nullable: false),
                    StageChangeId = table.Column<long>(type: "INTEGER", nullable: false),
                    Depth = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RanAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: true),
                    UserId = table.Column<int>(type: "INTEGER", nullable: true),
                    StageId = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutomationRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AutomationRuns_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_AutomationRuns_DealStageChanges_StageChangeId",
                        column: x => x.StageChangeId,
                        principalTable: "DealStageChanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AutomationRuns_DealTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "DealTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_AutomationRuns_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AutomationRuns_StageAutomations_AutomationId",
                        column: x => x.AutomationId,
                        principalTable: "StageAutomations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AutomationRuns_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_AutomationId_StageChangeId",
                table: "AutomationRuns",
                columns: new[] { "AutomationId", "StageChangeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_DealId_CreatedAt",
                table: "AutomationRuns",
                columns: new[] { "DealId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_StageChangeId",
                table: "AutomationRuns",
                column: "StageChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_StageId",
                table: "AutomationRuns",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_State_CreatedAt",
                table: "AutomationRuns",
                columns: new[] { "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_TaskId",
                table: "AutomationRuns",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_UserId",
                table: "AutomationRuns",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_StageAutomations_CreatedById",
                table: "StageAutomations",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_StageAutomations_MoveToStageId",
                table: "StageAutomations",
                column: "MoveToStageId");

            migrationBuilder.CreateIndex(
                name: "IX_StageAutomations_PersonId",
                table: "StageAutomations",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_StageAutomations_StageId_Trigger_IsActive",
                table: "StageAutomations",
                columns: new[] { "StageId", "Trigger", "IsActive" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AutomationRuns");

            migrationBuilder.DropTable(
                name: "StageAutomations");
        }
    }
}
