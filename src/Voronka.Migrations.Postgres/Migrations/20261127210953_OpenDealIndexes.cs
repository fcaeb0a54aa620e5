using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OpenDealIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deals_Open",
                table: "Deals",
                columns: new[] { "StageId", "OwnerId" },
                filter: "\"ClosedAt\" IS NULL AND \"DeletedAt\" IS NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "Id", "AmountMinor", "StageEnteredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DealActivityFacts_Latest1",
                table: "DealActivityFacts",
                column: "Latest1")
                .Annotation("Npgsql:IndexInclude", new[] { "DealId", "Latest2", "Latest3", "Latest4", "Latest5", "Engaged1", "Engaged2" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Open",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_DealActivityFacts_Latest1",
                table: "DealActivityFacts");
        }
    }
}
