/**
 * The Segment-compatible tracking API, mounted by the gateway:
 *
 *   const tracking = createTrackingHandler({ profileUrl, interactionUrl, writeKeys, signHeaders });
 *   createServer(async (req, res) => { if (!(await tracking(req, res))) void runtime(req, res); });
 */
export { createTrackingHandler, MAX_BATCH_EVENTS, type TrackingOptions } from './handler.js';
export { mapEvent, snakeCase, TRACKING_SOURCE, type EventProblem, type MappedEvent } from './events.js';
