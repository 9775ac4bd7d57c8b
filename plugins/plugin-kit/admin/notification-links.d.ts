/** Ends the `data.file.url` of a feed notification that opens a dashboard page. */
export declare const NOTIFICATION_LINK_MARK: "#zoco-open"

/**
 * Makes feed notifications whose `data.file.url` ends with `NOTIFICATION_LINK_MARK` open that
 * dashboard page when clicked (Medusa's feed would download it). Call once at the top of an
 * admin extension module; later calls do nothing.
 */
export declare function openNotificationLinks(): void
