/** Channels: the apps that embed the card, and the portals that log holders in. */
export { portalRoute, partnerRoute } from './channelRoute.js';
export { findChannel, requireChannel, isAppChannel } from './channels.js';
export { channelKey as channelOwnerKey, type Channel } from './channel.store.js';
export { keyEnvironment, type ChannelService } from './channel.rules.js';
export { subChannels } from './subChannels.js';
export { NewSubChannel, SubChannelAnswer, SubChannelChanges, SubChannelListAnswer, SubChannelParams, SubChannelState } from './channels.schemas.js';
