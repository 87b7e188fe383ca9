/** 授权管理 as other capabilities see it: the part a confirmed portal login writes. */
export { portalLoginPart } from './portalGrant.store.js';
