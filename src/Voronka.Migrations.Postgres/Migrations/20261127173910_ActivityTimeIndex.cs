using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ActivityTimeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Activities_OccurredAt",
                table: "Activities",
                column: "OccurredAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_OccurredAt",
                table: "Activities");
        }
    }
}
