// JSON text whose objects name a member twice: JSON.parse keeps the last silently, so a request written
// `"status": "rejected", "status": "confirmed"` would be decided as confirmed while its text, read by
// another tool that keeps the first, says rejected. Browser-safe.

/** The first member name an object of valid JSON text holds twice, with the offset of its second use. */
export function repeatedMember(text: string): { name: string; offset: number } | undefined {
  const open: { names: Set<string>; list: boolean; expectingName: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = open.at(-1);
      if (top && !top.list && top.expectingName) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.names.has(name)) return { name, offset: i };
        top.names.add(name);
        top.expectingName = false;
      }
      i = end;
    } else if (c === '{' || c === '[') open.push({ names: new Set(), list: c === '[', expectingName: c === '{' });
    else if (c === '}' || c === ']') open.pop();
    else if (c === ',') {
      const top = open.at(-1);
      if (top && !top.list) top.expectingName = true;
    }
  }
  return undefined;
}
