using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KeptFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FiguresVersion",
                table: "Organisation",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ActivityDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Seconds = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityDays", x => new { x.Day, x.UserId, x.Type });
                });

            migrationBuilder.CreateTable(
                name: "DealActivityFacts",
                columns: table => new
                {
                    DealId = table.Column<int>(type: "INTEGER", nullable: false),
                    Latest1 = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Latest2 = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Latest3 = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Latest4 = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Latest5 = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Engaged1 = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Engaged2 = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealActivityFacts", x => x.DealId);
                });

            migrationBuilder.CreateTable(
                name: "SalesDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SalesDays", x => new { x.Day, x.OwnerId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActivityDays_UserId_Day",
                table: "ActivityDays",
                columns: new[] { "UserId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivityDays");

            migrationBuilder.DropTable(
                name: "DealActivityFacts");

            migrationBuilder.DropTable(
                name: "SalesDays");

            migrationBuilder.DropColumn(
                name: "FiguresVersion",
                table: "Organisation");
        }
    }
}
