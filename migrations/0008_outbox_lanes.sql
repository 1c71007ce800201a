ALTER TABLE `outbox` ADD `parts_sent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_lane` ON `outbox` (`channel`,`status`,`next_attempt_at`);