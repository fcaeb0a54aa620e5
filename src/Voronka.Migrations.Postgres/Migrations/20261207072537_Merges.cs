using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Voronka.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Merges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MergedIntoId",
                table: "Contacts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MergedIntoId",
                table: "Companies",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MergeRecord",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Entity = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    KeptId = table.Column<int>(type: "integer", nullable: false),
                    MergedId = table.Column<int>(type: "integer", nullable: false),
                    KeptName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    MergedName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    KeptBefore = table.Column<string>(type: "text", nullable: false),
                    KeptAfter = table.Column<string>(type: "text", nullable: false),
                    MergedBefore = table.Column<string>(type: "text", nullable: false),
                    Moves = table.Column<string>(type: "text", nullable: false),
                    MergedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MergedById = table.Column<int>(type: "integer", nullable: false),
                    UndoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UndoneById = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MergeRecord", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MergeRecord_AspNetUsers_MergedById",
                        column: x => x.MergedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MergeRecord_AspNetUsers_UndoneById",
                        column: x => x.UndoneById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MergeRecord_Entity_MergedId",
                table: "MergeRecord",
                columns: new[] { "Entity", "MergedId" });

            migrationBuilder.CreateIndex(
                name: "IX_MergeRecord_MergedAt",
                table: "MergeRecord",
                column: "MergedAt");

            migrationBuilder.CreateIndex(
                name: "IX_MergeRecord_MergedById",
                table: "MergeRecord",
                column: "MergedById");

            migrationBuilder.CreateIndex(
                name: "IX_MergeRecord_UndoneById",
                table: "MergeRecord",
                column: "UndoneById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MergeRecord");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Companies");
        }
    }
}
