/* global document, window, Element, PopStateEvent, KeyboardEvent */
// Medusa's notification feed (dashboard 2.21) shows a notification's `data.file` as a download
// link and has no other link. Zoco's notifications put the dashboard page they are about there,
// marked by NOTIFICATION_LINK_MARK at the end of the URL; a click on such a link opens the page
// in the dashboard instead of downloading it. Links without the mark are left alone.

export const NOTIFICATION_LINK_MARK = "#zoco-open"

let installed = false

export function openNotificationLinks() {
  if (installed || typeof document === "undefined") return
  installed = true
  document.addEventListener(
    "click",
    (event) => {
      const target = event.target instanceof Element ? event.target : null
      const link = target?.closest(`a[download][href$="${NOTIFICATION_LINK_MARK}"]`)
      if (!link) return
      event.preventDefault()
      const href = link.getAttribute("href").slice(0, -NOTIFICATION_LINK_MARK.length)
      // The dashboard's router follows history changes announced by popstate; Escape closes
      // the notification drawer, as a person would.
      window.history.pushState({}, "", href)
      window.dispatchEvent(new PopStateEvent("popstate"))
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }))
    },
    true
  )
}
