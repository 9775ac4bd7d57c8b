import { Button, FocusModal, Heading, Label, Text, Textarea } from "@medusajs/ui"
import { useState } from "react"

/** Asks for the text of a rejection reason or a public reply, for one or many reviews. */
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
    <FocusModal open={props.open} onOpenChange={(open) => !open && props.onClose()}>
      <FocusModal.Content>
        <FocusModal.Header>
          <Heading>{props.title}</Heading>
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-col items-center py-16">
          <div className="flex w-full max-w-lg flex-col gap-y-2">
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
            <div className="flex justify-end gap-x-2 pt-4">
              <Button variant="secondary" onClick={props.onClose}>
                Cancel
              </Button>
              <Button
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
            </div>
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}
