-- AlterTable
ALTER TABLE "Resident" ADD COLUMN     "richMenuId" TEXT;

