DROP INDEX `messages_conversation`;--> statement-breakpoint
ALTER TABLE `messages` ADD `seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `kind` text DEFAULT 'text' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `failed_at` integer;--> statement-breakpoint
-- Messages stored before this migration are put in the order they happened: a person's message
-- was stored as "<id of the first reply>_in", so it goes just before that reply.
UPDATE `messages` SET `seq` = (
  SELECT count(*) FROM `messages` AS m2
  WHERE m2.`conversation_id` = `messages`.`conversation_id`
    AND (CASE WHEN m2.`id` LIKE '%\_in' ESCAPE '\' THEN substr(m2.`id`, 1, length(m2.`id`) - 3) || '0' ELSE m2.`id` || '1' END)
     <= (CASE WHEN `messages`.`id` LIKE '%\_in' ESCAPE '\' THEN substr(`messages`.`id`, 1, length(`messages`.`id`) - 3) || '0' ELSE `messages`.`id` || '1' END)
);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_conversation_seq` ON `messages` (`conversation_id`,`seq`);
