// "Is this name the domain or a name under it": asked by several rules of client names, next hops, sender and signing
// domains (app1.example.org under example.org; news.shop-example.com under shop-example.com; not evil-example.org).

/** `name` is `domain` or a name below it (a dot before the shared end), compared in place. */
export function atOrBelow(name: string, domain: string): boolean {
  if (name === domain) return true;
  const dot = name.length - domain.length - 1;
  return dot > 0 && name.charCodeAt(dot) === 46 && name.endsWith(domain);
}
