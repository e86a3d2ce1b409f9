/**
 * One glossary card in the popup, with the shared {@link Card}: a Back button above it, related entries as
 * buttons that open their cards. The card takes focus when it opens, so reading starts at its name.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { CardModel } from '../../src/core/card';
import { Card, type Translate } from '../../src/ui/Card';

export interface CardViewProps {
  model: CardModel | undefined;
  /** The cards are still on their way (the popup reads them after its first render). */
  loading?: boolean;
  onBack: () => void;
  onRelated: (id: string) => void;
  t: Translate;
}

export function CardView({ model, loading = false, onBack, onRelated, t }: CardViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('.card')?.focus();
    document.scrollingElement?.scrollTo?.(0, 0);
  }, [model?.id]);
  return (
    <div class="card-view" ref={ref}>
      <button type="button" class="back" onClick={onBack}>
        <span aria-hidden="true">←</span> {t('popupBack')}
      </button>
      {model ? (
        <Card
          model={model}
          headingId="card-title"
          t={t}
          onRelated={onRelated}
          // An article in the popup, not a dialog: it is the page's content, nothing sits behind it.
          dialogProps={{ role: 'article', tabIndex: -1 }}
        />
      ) : (
        <p class="notice" role="status">{t(loading ? 'cardLoading' : 'cardMissing')}</p>
      )}
    </div>
  );
}
