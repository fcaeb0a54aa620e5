using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FillQuality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FillSnapshot",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    TakenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OwnerId = table.Column<int>(type: "integer", nullable: false),
                    Open = table.Column<int>(type: "integer", nullable: false),
                    Incomplete = table.Column<int>(type: "integer", nullable: false),
                    NoNextStep = table.Column<int>(type: "integer", nullable: false),
                    Rotting = table.Column<int>(type: "integer", nullable: false),
                    Unreachable = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FillSnapshot", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FillSnapshot_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyDigest",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyDigest", x => new { x.Kind, x.WeekStart });
                });

            migrationBuilder.CreateIndex(
                name: "IX_FillSnapshot_Day_OwnerId",
                table: "FillSnapshot",
                columns: new[] { "Day", "OwnerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FillSnapshot_OwnerId_Day",
                table: "FillSnapshot",
                columns: new[] { "OwnerId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FillSnapshot");

            migrationBuilder.DropTable(
                name: "WeeklyDigest");
        }
    }
}
