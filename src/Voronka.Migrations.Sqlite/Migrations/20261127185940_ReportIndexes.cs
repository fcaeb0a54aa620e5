using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_DealStageChanges_ChangedAt",
                table: "DealStageChanges",
                column: "ChangedAt");

            migrationBuilder.CreateIndex(
                name: "IX_DealStageChanges_FromStageId_SecondsInFromStage",
                table: "DealStageChanges",
                columns: new[] { "FromStageId", "SecondsInFromStage" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_OccurredAt",
                table: "Activities",
                column: "OccurredAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealStageChanges_ChangedAt",
                table: "DealStageChanges");

            migrationBuilder.DropIndex(
                name: "IX_DealStageChanges_FromStageId_SecondsInFromStage",
                table: "DealStageChanges");

            migrationBuilder.DropIndex(
                name: "IX_Activities_OccurredAt",
                table: "Activities");
        }
    }
}
