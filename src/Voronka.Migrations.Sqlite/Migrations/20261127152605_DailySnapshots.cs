using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DailySnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FunnelSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TakenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FunnelSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FunnelSnapshotRows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SnapshotId = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    StageId = table.Column<int>(type: "INTEGER", nullable: false),
                    Deals = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    WeightedMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FunnelSnapshotRows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FunnelSnapshotRows_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FunnelSnapshotRows_FunnelSnapshots_SnapshotId",
                        column: x => x.SnapshotId,
                        principalTable: "FunnelSnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FunnelSnapshotRows_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FunnelSnapshotRows_OwnerId",
                table: "FunnelSnapshotRows",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_FunnelSnapshotRows_SnapshotId_OwnerId_StageId",
                table: "FunnelSnapshotRows",
                columns: new[] { "SnapshotId", "OwnerId", "StageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FunnelSnapshotRows_StageId",
                table: "FunnelSnapshotRows",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_FunnelSnapshots_Day",
                table: "FunnelSnapshots",
                column: "Day",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FunnelSnapshotRows");

            migrationBuilder.DropTable(
                name: "FunnelSnapshots");
        }
    }
}
