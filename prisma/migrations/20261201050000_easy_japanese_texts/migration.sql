-- やさしい日本語 for the texts staff write residents read: optional, so existing rows keep reading the Japanese.
-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "summaryEasy" TEXT,
ADD COLUMN     "titleEasy" TEXT;

-- AlterTable
ALTER TABLE "Poll" ADD COLUMN     "descriptionEasy" TEXT,
ADD COLUMN     "titleEasy" TEXT;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "descriptionEasy" TEXT,
ADD COLUMN     "organizerEasy" TEXT,
ADD COLUMN     "placeEasy" TEXT,
ADD COLUMN     "titleEasy" TEXT;

