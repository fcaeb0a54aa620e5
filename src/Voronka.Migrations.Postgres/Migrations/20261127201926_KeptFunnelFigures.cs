using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class KeptFunnelFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PreviousChangeAt",
                table: "DealStageChanges",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PreviousEntryAt",
                table: "DealStageChanges",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FurthestPosition",
                table: "Deals",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PreviousChangeAt",
                table: "DealStageChanges");

            migrationBuilder.DropColumn(
                name: "PreviousEntryAt",
                table: "DealStageChanges");

            migrationBuilder.DropColumn(
                name: "FurthestPosition",
                table: "Deals");
        }
    }
}
