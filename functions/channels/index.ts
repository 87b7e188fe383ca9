/** Channels: the apps that embed the card, and the portals that log holders in. */
export { channelRoute, channelSigner, channelNonceScope } from './channelRoute.js';
export { findChannel, requireChannel, isAppChannel } from './channels.js';
export { getChannel, putChannel, channelKey, type Channel } from './channel.store.js';
export { channelErrors } from './errors.js';
