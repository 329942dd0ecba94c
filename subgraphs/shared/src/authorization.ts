import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { hasScope, type Claims, type Scope } from './claims.js';
import { ApiError, ErrorCode } from './errors.js';

/**
 * Which scope each field needs, as "Type.field" or "Type.*". The most specific rule wins.
 * Everything readable needs profile:read; mutations need profile:write unless said otherwise.
 */
export type FieldScopes = Readonly<Record<string, Scope>>;

export const BASE_SCOPES: FieldScopes = {
  'Query.*': 'profile:read',
  'Mutation.*': 'profile:write',
  'Subscription.*': 'profile:read',
};

function denied(coordinate: string, scope: Scope, claims: Claims | undefined): ApiError {
  return new ApiError(
    ErrorCode.FORBIDDEN,
    `${coordinate} needs scope ${scope}, but the caller has ${claims && claims.scopes.length > 0 ? claims.scopes.join(', ') : 'no scopes'}.`,
    { coordinate, scope },
  );
}

/**
 * Wraps the resolvers of every field a rule names with a scope check, so authorization cannot be
 * forgotten in a resolver and is the same for HTTP and WebSocket operations.
 */
export function applyFieldScopes(schema: GraphQLSchema, rules: FieldScopes): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    // By tag, not instanceof: the schema may come from another copy of graphql (ESM vs CJS).
    if (Object.prototype.toString.call(type) !== '[object GraphQLObjectType]' || type.name.startsWith('__')) continue;
    for (const field of Object.values((type as GraphQLObjectType).getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const scope = rules[coordinate] ?? rules[`${type.name}.*`];
      if (scope === undefined) continue;
      const guard = <T extends GraphQLFieldResolver<unknown, { auth?: Claims }>>(resolver: T): T =>
        ((source, args, context, info) => {
          if (!hasScope(context.auth, scope)) throw denied(coordinate, scope, context.auth);
          return resolver(source, args, context, info);
        }) as T;
      if (field.subscribe) field.subscribe = guard(field.subscribe);
      else field.resolve = guard(field.resolve ?? defaultFieldResolver);
    }
  }
  return schema;
}
