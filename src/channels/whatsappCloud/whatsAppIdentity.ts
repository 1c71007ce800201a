/**
 * A business-scoped user id (BSUID): how Meta names a person who hides their phone number behind
 * a WhatsApp username. A country code, a dot, letters and digits ("MA.1502576394655843"; a
 * parent id has ENT: "US.ENT.11815799212886844830"). Webhooks carry it in `from_user_id` and
 * `contacts[].user_id`; a reply to it goes in `recipient` instead of `to`.
 */
export const BSUID = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/;
