/** The URL with its password (and any `password=` parameter) masked, for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***");
    return parsed.toString();
  } catch {
    return "the configured database URL";
  }
}

/** Removes the URL's password from a message, in case a driver quoted it. */
export function redactSecrets(message: string, url: string): string {
  let password = "";
  try {
    const parsed = new URL(url);
    password = decodeURIComponent(parsed.password) || (parsed.searchParams.get("password") ?? "");
  } catch {
    return message.split(url).join("[database URL]");
  }
  let redacted = message.split(url).join(redactDatabaseUrl(url));
  if (password.length > 0) redacted = redacted.split(password).join("***");
  return redacted;
}
