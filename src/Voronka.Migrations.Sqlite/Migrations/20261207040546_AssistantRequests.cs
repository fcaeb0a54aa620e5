using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AssistantRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RequestTypeId",
                table: "StageAutomations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RequestId",
                table: "AutomationRuns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RequestTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FieldsJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    SlaHours = table.Column<int>(type: "INTEGER", nullable: false),
                    StandardMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    AssigneeId = table.Column<int>(type: "INTEGER", nullable: false),
                    DeputyId = table.Column<int>(type: "INTEGER", nullable: true),
                    LadderJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RequiredForStageIds = table.Column<string>(type: "TEXT", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestTypes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestTypes_AspNetUsers_AssigneeId",
                        column: x => x.AssigneeId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RequestTypes_AspNetUsers_DeputyId",
                        column: x => x.DeputyId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AssistantRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DealId = table.Column<int>(type: "INTEGER", nullable: false),
                    TypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ValuesJson = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RequestedById = table.Column<int>(type: "INTEGER", nullable: false),
                    AssigneeId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TakenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DoneById = table.Column<int>(type: "INTEGER", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReturnedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReturnReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Returns = table.Column<int>(type: "INTEGER", nullable: false),
                    Escalations = table.Column<int>(type: "INTEGER", nullable: false),
                    AutomationRunId = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssistantRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssistantRequests_AspNetUsers_AssigneeId",
                        column: x => x.AssigneeId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssistantRequests_AspNetUsers_DoneById",
                        column: x => x.DoneById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssistantRequests_AspNetUsers_RequestedById",
                        column: x => x.RequestedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssistantRequests_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AssistantRequests_RequestTypes_TypeId",
                        column: x => x.TypeId,
                        principalTable: "RequestTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StageAutomations_RequestTypeId",
                table: "StageAutomations",
                column: "RequestTypeId");

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_RequestId",
                table: "AutomationRuns",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_AssistantRequests_AssigneeId_State_DueAt",
                table: "AssistantRequests",
                columns: new[] { "AssigneeId", "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AssistantRequests_DealId_TypeId_State",
                table: "AssistantRequests",
                columns: new[] { "DealId", "TypeId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_AssistantRequests_DoneById",
                table: "AssistantRequests",
                column: "DoneById");

            migrationBuilder.CreateIndex(
                name: "IX_AssistantRequests_RequestedById",
                table: "AssistantRequests",
                column: "RequestedById");

            migrationBuilder.CreateIndex(
                name: "IX_AssistantRequests_State_DueAt",
                table: "AssistantRequests",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AssistantRequests_TypeId",
                table: "AssistantRequests",
                column: "TypeId");

            migrationBuilder.CreateIndex(
                name: "IX_RequestTypes_AssigneeId",
                table: "RequestTypes",
                column: "AssigneeId");

            migrationBuilder.CreateIndex(
                name: "IX_RequestTypes_DeputyId",
                table: "RequestTypes",
                column: "DeputyId");

            migrationBuilder.CreateIndex(
                name: "IX_RequestTypes_Name",
                table: "RequestTypes",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_AutomationRuns_AssistantRequests_RequestId",
                table: "AutomationRuns",
                column: "RequestId",
                principalTable: "AssistantRequests",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_StageAutomations_RequestTypes_RequestTypeId",
                table: "StageAutomations",
                column: "RequestTypeId",
                principalTable: "RequestTypes",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AutomationRuns_AssistantRequests_RequestId",
                table: "AutomationRuns");

            migrationBuilder.DropForeignKey(
                name: "FK_StageAutomations_RequestTypes_RequestTypeId",
                table: "StageAutomations");

            migrationBuilder.DropTable(
                name: "AssistantRequests");

            migrationBuilder.DropTable(
                name: "RequestTypes");

            migrationBuilder.DropIndex(
                name: "IX_StageAutomations_RequestTypeId",
                table: "StageAutomations");

            migrationBuilder.DropIndex(
                name: "IX_AutomationRuns_RequestId",
                table: "AutomationRuns");

            migrationBuilder.DropColumn(
                name: "RequestTypeId",
                table: "StageAutomations");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "AutomationRuns");
        }
    }
}
