/** Sent with every event as `sdkVersion`. */
export const SDK_VERSION = "0.1.0";
