// Signals between a major incident's ticket and the tickets it affects (issue #12). Each ticket
// workflow is `ticket-<number>`; the two sides talk by signal only, never by waiting on each
// other, so neither can hold the other up. Importable by the API (definitions only).
import { defineSignal } from '@temporalio/workflow';
import type { Actor } from '../ticket/state';

/** To the major incident: link this ticket (asked on the ticket, or its mail matched the keywords). */
export interface MajorIncidentLinkRequest {
  ticket: string;
  reason: string;
  by: Actor;
}
export const majorIncidentLinkRequestedSignal = defineSignal<[MajorIncidentLinkRequest]>('majorIncidentLinkRequested');

/** To an affected ticket: you are linked to this major incident. */
export interface MajorIncidentLinked {
  majorIncident: string;
  title: string;
  reason: string;
  by: Actor;
  /** The latest update sent before this ticket was linked: its requester hears where things stand. */
  latest?: { broadcastId: number; message: string; by: Actor };
}
export const majorIncidentLinkedSignal = defineSignal<[MajorIncidentLinked]>('majorIncidentLinked');

/** Either way: the link cannot be made (sent by the side that refuses it, to the other). */
export interface MajorIncidentLinkRefusal {
  majorIncident: string;
  ticket: string;
  reason: string;
}
/** To the ticket that asked: the major incident is not open (or not one). */
export const majorIncidentLinkRefusedSignal = defineSignal<[MajorIncidentLinkRefusal]>('majorIncidentLinkRefused');
/** To the major incident: the ticket it linked does not take the link (finished, linked elsewhere). */
export const majorIncidentLinkDeclinedSignal = defineSignal<[MajorIncidentLinkRefusal]>('majorIncidentLinkDeclined');

/** To an affected ticket: one update for its requester, in its own thread, once per broadcast id. */
export interface MajorIncidentBroadcastArgs {
  majorIncident: string;
  broadcastId: number;
  message: string;
  by: Actor;
}
export const majorIncidentBroadcastSignal = defineSignal<[MajorIncidentBroadcastArgs]>('majorIncidentBroadcast');

/** To an affected ticket: the major incident is resolved; resolve with its note. */
export interface MajorIncidentResolvedArgs {
  majorIncident: string;
  note: string;
  by: Actor;
}
export const majorIncidentResolvedSignal = defineSignal<[MajorIncidentResolvedArgs]>('majorIncidentResolved');
