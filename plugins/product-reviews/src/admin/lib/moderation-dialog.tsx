import { Button, Drawer, Label, Text, Textarea } from "@medusajs/ui"
import { useState } from "react"

/**
 * Asks for the text of a rejection reason or a public reply, for one or many reviews: a side
 * panel, as Medusa's own short edits (an order's email, a note) are.
 */
export function ModerationDialog(props: {
  open: boolean
  title: string
  label: string
  hint: string
  submitLabel: string
  onClose: () => void
  onSubmit: (text: string) => Promise<unknown>
}) {
  const [text, setText] = useState("")
  const [busy, setBusy] = useState(false)
  return (
    <Drawer open={props.open} onOpenChange={(open) => !open && props.onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{props.title}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-2">
          <Label htmlFor="moderation-text">{props.label}</Label>
          <Textarea
            id="moderation-text"
            value={text}
            rows={6}
            onChange={(e) => setText(e.target.value)}
          />
          <Text size="small" className="text-ui-fg-subtle">
            {props.hint}
          </Text>
        </Drawer.Body>
        <Drawer.Footer>
          <Button size="small" variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            size="small"
            disabled={!text.trim() || busy}
            isLoading={busy}
            onClick={async () => {
              setBusy(true)
              try {
                await props.onSubmit(text)
                setText("")
              } finally {
                setBusy(false)
              }
            }}
          >
            {props.submitLabel}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
