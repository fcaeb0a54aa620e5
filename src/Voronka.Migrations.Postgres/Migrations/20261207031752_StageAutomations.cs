using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StageId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IdleDays = table.Column<int>(type: "integer", nullable: true),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Target = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PersonId = table.Column<int>(type: "integer", nullable: true),
                    TaskKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DueIn = table.Column<int>(type: "integer", nullable: true),
                    DueUnit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Value = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    MoveToStageId = table.Column<int>(type: "integer", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AutomationId = table.Column<int>(type: "integer", nullable: false),
                    DealId = table.Column<int>(type: "integer", nullable: false),
                    StageChangeId = table.Column<long>(type: "bigint", nullable: false),
                    Depth = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RanAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TaskId = table.Column<int>(type: "integer", nullable: true),
                    UserId = table.Column<int>(type: "integer", nullable: true),
                    StageId = table.Column<int>(type: "integer", nullable: true),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
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
