CREATE TABLE `ticket_reads` (
	`ticket_id` text NOT NULL,
	`advisor_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `advisor_id`)
);
