/**
 * The card: what an entry or a claim is, with dates, facts, sources and the "as of" date.
 * One component for the hover card (in a shadow root on the page) and the popup's glossary.
 * Text is rendered as text nodes by Preact; links are rendered only for https URLs.
 */
import type { JSX } from 'preact';
import { isSafeUrl, KIND_MESSAGE, type CardModel } from '../core/card';

export type Translate = (key: string, substitutions?: string | string[]) => string;

export interface CardProps {
  model: CardModel | null;
  /** Id of the heading, unique in its root, so the dialog can be named after the entry. */
  headingId: string;
  t: Translate;
  onClose?: () => void;
  /** Opens a related entry (the popup uses it; the hover card lists related names as text). */
  onRelated?: (id: string) => void;
  /** Extra attributes for the dialog element (role, tabindex, handlers). */
  dialogProps?: JSX.HTMLAttributes<HTMLDivElement>;
}

function SourceMarks({ indexes }: { indexes: number[] }) {
  return <sup class="src">{indexes.map((i) => `[${i + 1}]`).join('')}</sup>;
}

export function Card({ model, headingId, t, onClose, onRelated, dialogProps }: CardProps) {
  if (!model) {
    return (
      <div class="card" role="dialog" aria-labelledby={headingId} aria-busy="true" {...dialogProps}>
        <p id={headingId} class="loading">{t('cardLoading')}</p>
      </div>
    );
  }
  const claim = model.kind === 'claim';
  return (
    <div class={`card kind-${model.kind}`} role="dialog" aria-labelledby={headingId} {...dialogProps}>
      <div class="head">
        <div class="titles">
          <h2 id={headingId}>{model.name}</h2>
          <p class="kind">
            {t(KIND_MESSAGE[model.kind])}
            {model.description ? ` · ${model.description}` : ''}
          </p>
        </div>
        {onClose && (
          <button type="button" class="close" aria-label={t('cardClose')} title={t('cardClose')} onClick={onClose}>
            ×
          </button>
        )}
      </div>
      {claim ? (
        <section>
          <h3>{t('cardClaim')}</h3>
          <p class="summary">{model.summary}</p>
        </section>
      ) : (
        <p class="summary">{model.summary}</p>
      )}
      {model.record && (
        <section class="record">
          <h3>{t('cardRecord')}</h3>
          <p>{model.record}</p>
        </section>
      )}
      {model.facts.length > 0 && (
        <section>
          <h3>{t('cardFacts')}</h3>
          <dl class="facts">
            {model.facts.map((f) => (
              <div class="fact">
                <dt>{f.label}</dt>
                <dd>
                  {f.value}
                  <SourceMarks indexes={f.sources} />
                  {f.note && <span class="note"> {f.note}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {model.dates.length > 0 && (
        <section>
          <h3>{t('cardKeyDates')}</h3>
          <ul class="dates">
            {model.dates.map((d) => (
              <li>
                <time dateTime={d.iso}>{d.text}</time> <span>{d.label}</span>
                <SourceMarks indexes={d.sources} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {model.related.length > 0 && (
        <section>
          <h3>{t('cardRelated')}</h3>
          <p class="related">
            {model.related.map((r, i) => (
              <>
                {i > 0 && ', '}
                {onRelated ? (
                  <button type="button" class="link" onClick={() => onRelated(r.id)}>
                    {r.name}
                  </button>
                ) : (
                  r.name
                )}
              </>
            ))}
          </p>
        </section>
      )}
      <section>
        <h3>{t('cardSources')}</h3>
        <ol class="sources">
          {model.sources.map((s) => (
            <li>
              {isSafeUrl(s.url) ? (
                <a href={s.url} target="_blank" rel="noopener noreferrer">
                  {s.title}
                </a>
              ) : (
                s.title
              )}
              <span class="publisher">
                {' '}— {s.publisher}, {t('cardAccessed', s.accessed)}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <p class="asof">{t('cardAsOf', model.asOf)}</p>
    </div>
  );
}
