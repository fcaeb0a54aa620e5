using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
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
                type: "bigint",
                nullable: true);

            // Time in the stage left, for the history written before the column existed.
            migrationBuilder.Sql("""
UPDATE "DealStageChanges" c SET "SecondsInFromStage" = CAST(ROUND(EXTRACT(EPOCH FROM c."ChangedAt" - (
    SELECT p."ChangedAt" FROM "DealStageChanges" p
    WHERE p."DealId" = c."DealId"
      AND (p."ChangedAt" < c."ChangedAt" OR (p."ChangedAt" = c."ChangedAt" AND p."Id" < c."Id"))
    ORDER BY p."ChangedAt" DESC, p."Id" DESC LIMIT 1))) AS bigint)
WHERE c."FromStageId" IS NOT NULL;
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
