// name: ipc_title_count
// description: how many IPC classes carry a title (the hierarchy file was loaded).
MATCH (c:IPCClass) WHERE c.title IS NOT NULL RETURN count(c) AS n
