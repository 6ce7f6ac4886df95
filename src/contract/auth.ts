/** Schemas of sign-in and the session (auth). */
import { type Static, Type } from 'typebox';
import { PositionSchema, RoleSchema } from './common';

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  departmentId: Type.String(),
  position: PositionSchema,
  roles: Type.Array(RoleSchema),
});

export const MeAnswer = Type.Object({
  ...Me.properties,
  /** Signed in with a one-time password: change it (POST /api/me/password) before anything else. */
  mustChangePassword: Type.Boolean(),
});

/** What the login page offers: GET /api/auth/providers. */
export const AuthProvidersAnswer = Type.Object({
  local: Type.Boolean(),
  ldap: Type.Boolean(),
  oidc: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
});

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export const LoginAnswer = Type.Object({ user: Me, mustChangePassword: Type.Boolean() });

export const PasswordChangeBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Type.String({ maxLength: 256 }),
});

export const SessionAnswer = Type.Object({ user: Type.Union([MeAnswer, Type.Null()]) });

export type MeAnswerType = Static<typeof MeAnswer>;
export type AuthProvidersAnswerType = Static<typeof AuthProvidersAnswer>;
export type LoginRequest = Static<typeof LoginBody>;
export type LoginAnswerType = Static<typeof LoginAnswer>;
export type PasswordChangeRequest = Static<typeof PasswordChangeBody>;
export type SessionAnswerType = Static<typeof SessionAnswer>;
