/**
 * Compile a path glob into a RegExp: `**` matches any characters (slashes included), `*` any run
 * of non-slash characters, `?` one non-slash character; everything else (braces too, so
 * `/flows/{flow}` matches literally) is literal. A trailing `/**` also matches the bare prefix.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i - 1] === '/' && i + 2 === glob.length) {
        re = `${re.slice(0, -1)}(?:/.*)?`;
      } else {
        re += '.*';
      }
      i++;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/** True when `path` matches the glob. */
export function globMatch(glob: string, path: string): boolean {
  return globToRegExp(glob).test(path);
}
