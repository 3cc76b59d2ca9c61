"""The bottom of the stack: settings (`core.settings`), deterministic node ids and the data model
(`core.model`). Everything else may import it; it imports nothing of ours."""
