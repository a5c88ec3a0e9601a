/**
 * Signs in to a report link through the bot's local signer (local mode's stand-in for
 * Entra), as a person would in a browser: the link redirects to the sign-in page, the
 * person picks their name, and the form posts an ID token back. Returns the session cookie.
 */
export async function signInLocally(link: string, name: string): Promise<string> {
  const first = await fetch(link, { redirect: 'manual' });
  if (first.status !== 302) throw new Error(`expected a redirect to sign in, got ${first.status}`);
  const signInCookie = first.headers.getSetCookie()[0]!.split(';')[0]!;
  const page = await (await fetch(first.headers.get('location')!)).text();
  const form = [...page.matchAll(/<form method="post" action="([^"]*)">(.*?)<button type="submit">(.*?)<\/button>/g)].find((m) => m[3] === name);
  if (!form) throw new Error(`${name} is not offered on the local sign-in page`);
  const fields = Object.fromEntries([...form[2]!.matchAll(/name="([^"]*)" value="([^"]*)"/g)].map((f) => [f[1]!, f[2]!]));
  const answered = await fetch(form[1]!, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: signInCookie },
    body: new URLSearchParams(fields),
  });
  if (answered.status !== 303) throw new Error(`sign-in answered ${answered.status}`);
  return answered.headers
    .getSetCookie()
    .find((c) => c.startsWith('ecr-session='))!
    .split(';')[0]!;
}
