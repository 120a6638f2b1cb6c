/** Reading the model cards in the cards folder. */
import { readdir, readFile } from "node:fs/promises";
import { type ModelCard, ModelCardError, parseModelCard } from "./card.ts";
import { cardPath } from "./paths.ts";

/** An id with no card. */
export class UnknownModelError extends Error {
  constructor(
    readonly id: string,
    readonly cardsDir: string,
  ) {
    super(`no model card "${id}.card.json" in ${cardsDir}`);
    this.name = "UnknownModelError";
  }
}

export async function readCard(cardsDir: string, id: string): Promise<ModelCard> {
  const file = cardPath(cardsDir, id);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UnknownModelError(id, cardsDir);
  }
  const card = parseModelCard(file, text);
  if (card.id !== id) throw new ModelCardError(file, `card id "${card.id}" does not match its file name`);
  return card;
}

/** All cards, sorted by id. */
export async function readAllCards(cardsDir: string): Promise<ModelCard[]> {
  const files = (await readdir(cardsDir)).filter((f) => f.endsWith(".card.json")).sort();
  return Promise.all(files.map((f) => readCard(cardsDir, f.slice(0, -".card.json".length))));
}
