// Discord's own payload checks, written apart from the adapter's so the fake is an independent judge:
// what Discord would refuse with 400 "Invalid Form Body" (code 50035) or "Cannot send an empty message" (50006).

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string };
}

export function formErrors(body: Record<string, unknown>, opts: { requireSomething: boolean }): { code: number; message: string; errors: string[] } | null {
  const errors: string[] = [];
  const content = typeof body.content === 'string' ? body.content : '';
  const embeds = (Array.isArray(body.embeds) ? body.embeds : []) as Embed[];
  const rows = (Array.isArray(body.components) ? body.components : []) as Array<{ type: number; components: Array<Record<string, unknown>> }>;
  if (content.length > 2000) errors.push('content: Must be 2000 or fewer in length.');
  if (embeds.length > 10) errors.push('embeds: Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((e, i) => {
    const t = e.title ?? '';
    const d = e.description ?? '';
    if (t.length > 256) errors.push(`embeds.${i}.title: Must be 256 or fewer in length.`);
    if (d.length > 4096) errors.push(`embeds.${i}.description: Must be 4096 or fewer in length.`);
    if (e.url !== undefined && !/^https?:\/\/\S+$/.test(e.url)) errors.push(`embeds.${i}.url: Not a well formed URL.`);
    const fields = e.fields ?? [];
    if (fields.length > 25) errors.push(`embeds.${i}.fields: Must be 25 or fewer in length.`);
    fields.forEach((f, j) => {
      if (!f.name || f.name.length > 256) errors.push(`embeds.${i}.fields.${j}.name: Must be between 1 and 256 in length.`);
      if (!f.value || f.value.length > 1024) errors.push(`embeds.${i}.fields.${j}.value: Must be between 1 and 1024 in length.`);
    });
    if ((e.footer?.text ?? '').length > 2048) errors.push(`embeds.${i}.footer.text: Must be 2048 or fewer in length.`);
    if ((e.author?.name ?? '').length > 256) errors.push(`embeds.${i}.author.name: Must be 256 or fewer in length.`);
    total += t.length + d.length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length + fields.reduce((n, f) => n + (f.name?.length ?? 0) + (f.value?.length ?? 0), 0);
  });
  if (total > 6000) errors.push('embeds: Embed size exceeds maximum size of 6000');
  if (rows.length > 5) errors.push('components: Must be 5 or fewer in length.');
  const ids = new Set<string>();
  rows.forEach((r, i) => {
    if (r.type !== 1) errors.push(`components.${i}.type: top-level components must be action rows`);
    if (r.components.length > 5) errors.push(`components.${i}.components: Must be 5 or fewer in length.`);
    r.components.forEach((b, j) => {
      const id = b.custom_id as string | undefined;
      if (id !== undefined) {
        if (id.length < 1 || id.length > 100) errors.push(`components.${i}.components.${j}.custom_id: Must be between 1 and 100 in length.`);
        if (ids.has(id)) errors.push(`components.${i}.components.${j}.custom_id: Component custom id cannot be duplicated`);
        ids.add(id);
      } else if (b.style !== 5) errors.push(`components.${i}.components.${j}.custom_id: This field is required`);
      if (typeof b.label === 'string' && b.label.length > 80) errors.push(`components.${i}.components.${j}.label: Must be 80 or fewer in length.`);
    });
  });
  if (errors.length) return { code: 50035, message: 'Invalid Form Body', errors };
  const attachments = Array.isArray(body.attachments) ? body.attachments.length : 0;
  if (opts.requireSomething && !content && embeds.length === 0 && rows.length === 0 && attachments === 0) {
    return { code: 50006, message: 'Cannot send an empty message', errors: [] };
  }
  return null;
}
