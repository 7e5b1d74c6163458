/** The Activity API part of the emulator (subscriptions, the stream, DM deliveries); see README.md. */
export { ActivityHub } from './hub';
export { dispatchActivity } from './routes';
export { attachActivity, openStream } from './stream';
