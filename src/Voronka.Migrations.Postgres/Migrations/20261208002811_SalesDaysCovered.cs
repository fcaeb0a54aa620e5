using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SalesDaysCovered : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SalesDays_Day_OwnerId_Count_AmountMinor",
                table: "SalesDays",
                columns: new[] { "Day", "OwnerId", "Count", "AmountMinor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SalesDays_Day_OwnerId_Count_AmountMinor",
                table: "SalesDays");
        }
    }
}
