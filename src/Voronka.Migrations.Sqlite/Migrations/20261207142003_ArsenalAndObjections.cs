using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Voronka.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ArsenalAndObjections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArsenalItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    BestCallId = table.Column<int>(type: "INTEGER", nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FileType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FileSize = table.Column<long>(type: "INTEGER", nullable: true),
                    FileKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    OwnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    VerifyEveryDays = table.Column<int>(type: "INTEGER", nullable: false),
                    VerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    VerifyBy = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ContentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArsenalItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ArsenalItems_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ArsenalItems_BestCalls_BestCallId",
                        column: x => x.BestCallId,
                        principalTable: "BestCalls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Objections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    StageId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Objections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Objections_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ArsenalProducts",
                columns: table => new
                {
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProductId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArsenalProducts", x => new { x.ItemId, x.ProductId });
                    table.ForeignKey(
                        name: "FK_ArsenalProducts_ArsenalItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ArsenalItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ArsenalProducts_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ArsenalStages",
                columns: table => new
                {
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    StageId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArsenalStages", x => new { x.ItemId, x.StageId });
                    table.ForeignKey(
                        name: "FK_ArsenalStages_ArsenalItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ArsenalItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ArsenalStages_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ArsenalUses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<int>(type: "INTEGER", nullable: true),
                    DealId = table.Column<int>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArsenalUses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ArsenalUses_ArsenalItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ArsenalItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ArsenalUses_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ArsenalUses_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ArsenalVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FileType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FileKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    EditedById = table.Column<int>(type: "INTEGER", nullable: false),
                    EditedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArsenalVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ArsenalVersions_ArsenalItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ArsenalItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ArsenalVersions_AspNetUsers_EditedById",
                        column: x => x.EditedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ArsenalObjections",
                columns: table => new
                {
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    ObjectionId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArsenalObjections", x => new { x.ItemId, x.ObjectionId });
                    table.ForeignKey(
                        name: "FK_ArsenalObjections_ArsenalItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ArsenalItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ArsenalObjections_Objections_ObjectionId",
                        column: x => x.ObjectionId,
                        principalTable: "Objections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ObjectionVariants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ObjectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObjectionVariants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObjectionVariants_Objections_ObjectionId",
                        column: x => x.ObjectionId,
                        principalTable: "Objections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ObjectionTags",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ObjectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ActivityId = table.Column<long>(type: "INTEGER", nullable: false),
                    VariantId = table.Column<int>(type: "INTEGER", nullable: true),
                    Answered = table.Column<bool>(type: "INTEGER", nullable: false),
                    StageId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewId = table.Column<int>(type: "INTEGER", nullable: true),
                    TaggedById = table.Column<int>(type: "INTEGER", nullable: false),
                    TaggedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObjectionTags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObjectionTags_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ObjectionTags_AspNetUsers_TaggedById",
                        column: x => x.TaggedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ObjectionTags_CallReviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "CallReviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ObjectionTags_ObjectionVariants_VariantId",
                        column: x => x.VariantId,
                        principalTable: "ObjectionVariants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ObjectionTags_Objections_ObjectionId",
                        column: x => x.ObjectionId,
                        principalTable: "Objections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ObjectionTags_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalItems_BestCallId",
                table: "ArsenalItems",
                column: "BestCallId");

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalItems_Kind_ArchivedAt",
                table: "ArsenalItems",
                columns: new[] { "Kind", "ArchivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalItems_OwnerId",
                table: "ArsenalItems",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalItems_VerifyBy",
                table: "ArsenalItems",
                column: "VerifyBy");

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalObjections_ObjectionId",
                table: "ArsenalObjections",
                column: "ObjectionId");

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalProducts_ProductId",
                table: "ArsenalProducts",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalStages_StageId",
                table: "ArsenalStages",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalUses_DealId_ItemId",
                table: "ArsenalUses",
                columns: new[] { "DealId", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalUses_ItemId_At",
                table: "ArsenalUses",
                columns: new[] { "ItemId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalUses_UserId",
                table: "ArsenalUses",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalVersions_EditedById",
                table: "ArsenalVersions",
                column: "EditedById");

            migrationBuilder.CreateIndex(
                name: "IX_ArsenalVersions_ItemId_Number",
                table: "ArsenalVersions",
                columns: new[] { "ItemId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Objections_StageId",
                table: "Objections",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_ObjectionTags_ActivityId_ObjectionId",
                table: "ObjectionTags",
                columns: new[] { "ActivityId", "ObjectionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObjectionTags_ObjectionId_VariantId",
                table: "ObjectionTags",
                columns: new[] { "ObjectionId", "VariantId" });

            migrationBuilder.CreateIndex(
                name: "IX_ObjectionTags_ReviewId",
                table: "ObjectionTags",
                column: "ReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_ObjectionTags_StageId",
                table: "ObjectionTags",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_ObjectionTags_TaggedById",
                table: "ObjectionTags",
                column: "TaggedById");

            migrationBuilder.CreateIndex(
                name: "IX_ObjectionTags_VariantId",
                table: "ObjectionTags",
                column: "VariantId");

            migrationBuilder.CreateIndex(
                name: "IX_ObjectionVariants_ObjectionId",
                table: "ObjectionVariants",
                column: "ObjectionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArsenalObjections");

            migrationBuilder.DropTable(
                name: "ArsenalProducts");

            migrationBuilder.DropTable(
                name: "ArsenalStages");

            migrationBuilder.DropTable(
                name: "ArsenalUses");

            migrationBuilder.DropTable(
                name: "ArsenalVersions");

            migrationBuilder.DropTable(
                name: "ObjectionTags");

            migrationBuilder.DropTable(
                name: "ArsenalItems");

            migrationBuilder.DropTable(
                name: "ObjectionVariants");

            migrationBuilder.DropTable(
                name: "Objections");
        }
    }
}
