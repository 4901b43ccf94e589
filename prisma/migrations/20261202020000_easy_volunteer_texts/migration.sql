-- AlterTable
ALTER TABLE "Opportunity" ADD COLUMN     "descriptionEasy" TEXT,
ADD COLUMN     "organizerEasy" TEXT,
ADD COLUMN     "titleEasy" TEXT;

-- AlterTable
ALTER TABLE "Shift" ADD COLUMN     "placeEasy" TEXT;

