using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OpenDealsListed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Open",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Open",
                table: "Deals",
                columns: new[] { "StageId", "OwnerId" },
                filter: "\"ClosedAt\" IS NULL AND \"DeletedAt\" IS NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "Id", "AmountMinor", "StageEnteredAt", "Currency", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Open",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Open",
                table: "Deals",
                columns: new[] { "StageId", "OwnerId" },
                filter: "\"ClosedAt\" IS NULL AND \"DeletedAt\" IS NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "Id", "AmountMinor", "StageEnteredAt" });
        }
    }
}
