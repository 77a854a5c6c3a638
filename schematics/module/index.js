// The `module` schematic: a module in the samples' own pattern (see docs/adding-a-module.md).
//   nest g -c @nest-auth-starter/schematics module invoices --type owned
// `npm run g:module` wraps it, then formats the files and writes the migration with drizzle-kit.
import {
  apply,
  applyTemplates,
  chain,
  mergeWith,
  move,
  noop,
  SchematicsException,
  strings,
  url,
} from '@angular-devkit/schematics';
import { ModuleDeclarator } from '@nestjs/schematics';

const { camelize, classify, underscore } = strings;
const ROLE_ENUM = 'auth/role.enum.ts';
const APP_MODULE = 'app.module.ts';

export function main(options) {
  const settings = settingsOf(options);
  return chain([
    refuseExisting(settings),
    // The files both shapes share, then the shape's own controller, service and e2e spec.
    mergeWith(apply(url('./files/common'), [applyTemplates(settings), move(settings.sourceRoot)])),
    mergeWith(apply(url(`./files/${settings.shape}`), [applyTemplates(settings), move('/')])),
    settings.role ? addRole(settings) : noop(),
    options.skipImport ? noop() : registerModule(settings),
  ]);
}

function settingsOf({ name, type = 'owned', sourceRoot = 'src' }) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name ?? '')) {
    throw new SchematicsException(`The name must be kebab-case, such as invoices: got ${name}`);
  }
  const [shape, role = shape === 'catalogue' ? 'admin' : undefined] = type.split(':');
  if (shape !== 'owned' && shape !== 'catalogue') {
    throw new SchematicsException(`The shape is owned or catalogue: got ${shape}`);
  }
  const singular = singularOf(name);
  if (singular === name) {
    throw new SchematicsException(`The name is a plural, such as invoices: got ${name}`);
  }
  const words = (kebab) => kebab.replace(/-/g, ' ');
  return {
    name,
    singular,
    shape,
    sourceRoot,
    role,
    roleKey: role && classify(role),
    Names: classify(name),
    Name: classify(singular),
    names: camelize(name),
    nameVar: camelize(singular),
    table: underscore(name),
    words: words(name),
    word: words(singular),
    Word: strings.capitalize(words(singular)),
    Words: strings.capitalize(words(name)),
    aWord: `${/^[aeiou]/.test(singular) ? 'an' : 'a'} ${words(singular)}`,
  };
}

/** invoices → invoice, categories → category, addresses → address. */
function singularOf(plural) {
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (/(ss|sh|ch|x)es$/.test(plural)) return plural.replace(/es$/, '');
  if (/[^s]s$/.test(plural)) return plural.slice(0, -1);
  return plural;
}

function refuseExisting({ name, sourceRoot }) {
  return (tree) => {
    if (tree.getDir(`/${sourceRoot}/${name}`).subfiles.length > 0) {
      throw new SchematicsException(`${sourceRoot}/${name}/ exists already`);
    }
    return tree;
  };
}

/** Adds the role to the Role enum, unless it is there already. */
function addRole({ sourceRoot, role, roleKey }) {
  return (tree, context) => {
    const path = `/${sourceRoot}/${ROLE_ENUM}`;
    const source = tree.readText(path);
    if (source.includes(`'${role}'`)) return tree;
    const updated = source.replace(
      /(export enum Role \{[^}]*?)(\n\})/,
      `$1\n  ${roleKey} = '${role}',$2`,
    );
    if (updated === source)
      throw new SchematicsException(`${path}: no Role enum to add ${role} to`);
    tree.overwrite(path, updated);
    context.logger.info(
      `Added ${roleKey} = '${role}' to the Role enum (${sourceRoot}/${ROLE_ENUM}).`,
    );
    return tree;
  };
}

/** Imports the module in app.module.ts, as `nest g module` does (with the .js suffix of ESM). */
function registerModule({ sourceRoot, name }) {
  return (tree) => {
    const module = `/${sourceRoot}/${APP_MODULE}`;
    const declared = new ModuleDeclarator().declare(tree.readText(module), {
      name,
      path: `/${sourceRoot}/${name}`,
      module,
      type: 'module',
      metadata: 'imports',
      isEsm: true,
    });
    tree.overwrite(module, declared);
    return tree;
  };
}
