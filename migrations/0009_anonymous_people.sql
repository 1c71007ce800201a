CREATE TABLE `health_checks` (
	`id` integer PRIMARY KEY NOT NULL,
	`checked_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `contacts` ADD `anon_key` text;--> statement-breakpoint
ALTER TABLE `kb_feedback` ADD `person` text;--> statement-breakpoint
ALTER TABLE `knowledge_gaps` ADD `person` text;--> statement-breakpoint
CREATE INDEX `knowledge_gaps_person` ON `knowledge_gaps` (`person`);--> statement-breakpoint
ALTER TABLE `survey_answers` ADD `person` text;