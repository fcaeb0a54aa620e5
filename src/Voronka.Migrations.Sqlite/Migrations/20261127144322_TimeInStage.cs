using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TimeInStage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealStageChanges_FromStageId",
                table: "DealStageChanges");

            migrationBuilder.AddColumn<long>(
                name: "SecondsInFromStage",
                table: "DealStageChanges",
                type: "INTEGER",
                nullable: true);

            // Time in the stage left, for the history written before the column existed.
            migrationBuilder.Sql("""
UPDATE DealStageChanges SET SecondsInFromStage = CAST(ROUND((julianday(ChangedAt) - julianday((
    SELECT p.ChangedAt FROM DealStageChanges p
    WHERE p.DealId = DealStageChanges.DealId
      AND (p.ChangedAt < DealStageChanges.ChangedAt OR (p.ChangedAt = DealStageChanges.ChangedAt AND p.Id < DealStageChanges.Id))
    ORDER BY p.ChangedAt DESC, p.Id DESC LIMIT 1))) * 86400) AS INTEGER)
WHERE FromStageId IS NOT NULL;
""");

            migrationBuilder.CreateIndex(
                name: "IX_DealStageChanges_FromStageId_ChangedAt",
                table: "DealStageChanges",
                columns: new[] { "FromStageId", "ChangedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealStageChanges_FromStageId_ChangedAt",
                table: "DealStageChanges");

            migrationBuilder.DropColumn(
                name: "SecondsInFromStage",
                table: "DealStageChanges");

            migrationBuilder.CreateIndex(
                name: "IX_DealStageChanges_FromStageId",
                table: "DealStageChanges",
                column: "FromStageId");
        }
    }
}
