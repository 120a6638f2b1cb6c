/**
 * Pairing codes: the paired page (or `stridelight open`, with the token) asks for a one-time code; a plugin trades
 * a code for the token. A code is single-use and expires in minutes (pairing.ts).
 */
import { z } from "zod";
import { HttpError } from "../http-error.ts";
import { PairingKind, shownCode } from "../pairing.ts";
import { route } from "../route.ts";

export const PairingCodeBody = z.object({ kind: PairingKind.default("plugin") }).strict();
export const RedeemBody = z.object({ code: z.string().min(1).max(64) }).strict();

export const pairingRoutes = [
  route({
    method: "post",
    path: "/api/pairing-codes",
    summary: "A one-time pairing code: for a plugin (typed in) or a browser (a /pair# link)",
    tag: "pairing",
    body: PairingCodeBody,
    response: z.object({ code: z.string(), kind: PairingKind, expiresAt: z.number(), url: z.string() }),
    handle: ({ api, body }) => {
      const issued = api.pairing.issue(body.kind);
      return {
        status: 201,
        json: {
          code: shownCode(issued.code),
          kind: issued.kind,
          expiresAt: issued.expiresAt,
          url: api.pairingUrl(issued.code),
        },
      };
    },
  }),
  route({
    method: "post",
    path: "/api/pair",
    summary: "A plugin trades a pairing code (shown on the paired page) for the token; the code is used up",
    tag: "pairing",
    auth: false,
    body: RedeemBody,
    response: z.object({ token: z.string() }),
    responses: { 401: "unknown, used or expired code" },
    handle: ({ api, body }) => {
      const redeemed = api.pairing.redeem(body.code);
      if (!redeemed.ok) throw new HttpError(401, redeemed.reason);
      return { json: { token: api.token } };
    },
  }),
];
