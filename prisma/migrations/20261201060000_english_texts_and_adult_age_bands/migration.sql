-- English for every text staff write residents read: optional, so existing rows keep reading the Japanese.
-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "summaryEn" TEXT,
ADD COLUMN     "titleEn" TEXT;

-- AlterTable
ALTER TABLE "Poll" ADD COLUMN     "descriptionEn" TEXT,
ADD COLUMN     "titleEn" TEXT;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "descriptionEn" TEXT,
ADD COLUMN     "organizerEn" TEXT,
ADD COLUMN     "placeEn" TEXT,
ADD COLUMN     "titleEn" TEXT;

-- AlterTable
ALTER TABLE "Opportunity" ADD COLUMN     "descriptionEn" TEXT,
ADD COLUMN     "organizerEn" TEXT,
ADD COLUMN     "titleEn" TEXT;

-- AlterTable
ALTER TABLE "Shift" ADD COLUMN     "placeEn" TEXT;


-- Age bands that tell adulthood (18, 民法 since 2022): 19歳以下 (under20) becomes 17歳以下 (under18),
-- 20代 (20s) becomes 18〜29歳 (18to29), the other bands are unchanged. Every stored band is mapped the
-- same way, so each existing audience still reaches exactly the residents it reached before, and a
-- resident who said 19 or under is still treated as possibly a minor (the guardian note) until they
-- say otherwise. Answers keep the value they were given with the flow revision they were given in.
UPDATE "Resident"
SET "profile" = jsonb_set("profile", '{ageBand}', to_jsonb(CASE "profile"->>'ageBand' WHEN 'under20' THEN 'under18' ELSE '18to29' END))
WHERE "profile"->>'ageBand' IN ('under20', '20s');

UPDATE "VolunteerProfile"
SET "ageBand" = CASE "ageBand" WHEN 'under20' THEN 'under18' ELSE '18to29' END
WHERE "ageBand" IN ('under20', '20s');

UPDATE "Round" SET "audience" = jsonb_set("audience", '{ageBands}', (
  SELECT COALESCE(jsonb_agg(CASE b WHEN 'under20' THEN 'under18' WHEN '20s' THEN '18to29' ELSE b END ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements_text("audience"->'ageBands') WITH ORDINALITY AS t(b, n)))
WHERE jsonb_typeof("audience"->'ageBands') = 'array' AND "audience"->'ageBands' ?| ARRAY['under20', '20s'];

UPDATE "Poll" SET "audience" = jsonb_set("audience", '{ageBands}', (
  SELECT COALESCE(jsonb_agg(CASE b WHEN 'under20' THEN 'under18' WHEN '20s' THEN '18to29' ELSE b END ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements_text("audience"->'ageBands') WITH ORDINALITY AS t(b, n)))
WHERE jsonb_typeof("audience"->'ageBands') = 'array' AND "audience"->'ageBands' ?| ARRAY['under20', '20s'];

UPDATE "Event" SET "audience" = jsonb_set("audience", '{ageBands}', (
  SELECT COALESCE(jsonb_agg(CASE b WHEN 'under20' THEN 'under18' WHEN '20s' THEN '18to29' ELSE b END ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements_text("audience"->'ageBands') WITH ORDINALITY AS t(b, n)))
WHERE jsonb_typeof("audience"->'ageBands') = 'array' AND "audience"->'ageBands' ?| ARRAY['under20', '20s'];
