ALTER TABLE advisors DROP COLUMN birth_name;
