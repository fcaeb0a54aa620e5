using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StayLengthIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealStageChanges_FromStageId_SecondsInFromStage",
                table: "DealStageChanges");

            migrationBuilder.CreateIndex(
                name: "IX_DealStageChanges_FromStageId_SecondsInFromStage_ChangedAt_DealId",
                table: "DealStageChanges",
                columns: new[] { "FromStageId", "SecondsInFromStage", "ChangedAt", "DealId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealStageChanges_FromStageId_SecondsInFromStage_ChangedAt_DealId",
                table: "DealStageChanges");

            migrationBuilder.CreateIndex(
                name: "IX_DealStageChanges_FromStageId_SecondsInFromStage",
                table: "DealStageChanges",
                columns: new[] { "FromStageId", "SecondsInFromStage" });
        }
    }
}
