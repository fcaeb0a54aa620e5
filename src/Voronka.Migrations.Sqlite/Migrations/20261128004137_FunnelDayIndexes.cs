using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FunnelDayIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FlowDays_Day",
                table: "FlowDays",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_CohortDays_Day",
                table: "CohortDays",
                column: "Day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FlowDays_Day",
                table: "FlowDays");

            migrationBuilder.DropIndex(
                name: "IX_CohortDays_Day",
                table: "CohortDays");
        }
    }
}
