import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { FontSizeControl } from '../../ui/FontSize.tsx';

const contrastKey = 'tieuchi.contrast';

/** High contrast: a class on <html> that swaps the palette; remembered in localStorage. */
function ContrastToggle() {
  const { t } = useI18n();
  const [on, setOn] = useState(() => {
    try {
      return localStorage.getItem(contrastKey) === 'high';
    } catch {
      return false;
    }
  });
  useEffect(() => {
    document.documentElement.classList.toggle('high-contrast', on);
    try {
      localStorage.setItem(contrastKey, on ? 'high' : 'normal');
    } catch {
      // private mode: lasts for this page only
    }
  }, [on]);
  return (
    <button type="button" className="btn btn-small" aria-pressed={on} onClick={() => setOn((v) => !v)}>
      <span aria-hidden="true">◐ </span>
      {t('portalContrast')}
    </button>
  );
}

/** Sentences of at most ~200 characters: long utterances are cut off by some speech engines. */
function chunks(text: string): string[] {
  const out: string[] = [];
  for (const sentence of text.replace(/\s+/g, ' ').split(/(?<=[.!?:;])\s+/)) {
    let s = sentence.trim();
    while (s.length > 200) {
      const cut = s.lastIndexOf(' ', 200);
      out.push(s.slice(0, cut > 50 ? cut : 200));
      s = s.slice(cut > 50 ? cut + 1 : 200);
    }
    if (s) out.push(s);
  }
  return out;
}

/**
 * "Đọc bài viết": reads the main content with the browser's speech synthesis, in a Vietnamese
 * voice when the browser has one (and says so when it has none).
 */
function ReadAloud() {
  const { t } = useI18n();
  const [speaking, setSpeaking] = useState(false);
  const [message, setMessage] = useState('');
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
  // Chromium lists its voices only after a while: keep the list up to date.
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>([]);
  useEffect(() => {
    if (!synth) return;
    const load = () => setVoices(synth.getVoices());
    load();
    synth.addEventListener('voiceschanged', load);
    return () => {
      synth.removeEventListener('voiceschanged', load);
      synth.cancel();
    };
  }, [synth]);
  const start = () => {
    if (!synth || typeof SpeechSynthesisUtterance === 'undefined') {
      setMessage(t('portalNoSpeech'));
      return;
    }
    const voice = (voices.length > 0 ? voices : synth.getVoices()).find((v) =>
      v.lang.toLowerCase().replace('_', '-').startsWith('vi'),
    );
    setMessage(voice ? t('portalVoice', { name: voice.name }) : t('portalNoVoice'));
    const main = document.getElementById('main');
    const parts = chunks(main?.innerText ?? '');
    synth.cancel();
    setSpeaking(true);
    parts.forEach((p, i) => {
      const u = new SpeechSynthesisUtterance(p);
      u.lang = 'vi-VN';
      if (voice) u.voice = voice;
      if (i === parts.length - 1) u.onend = () => setSpeaking(false);
      u.onerror = () => setSpeaking(false);
      synth.speak(u);
    });
    if (parts.length === 0) setSpeaking(false);
  };
  const stop = () => {
    synth?.cancel();
    setSpeaking(false);
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={speaking ? stop : start}>
        <span aria-hidden="true">🔊 </span>
        {speaking ? t('portalReadStop') : t('portalRead')}
      </button>
      <span className="read-status" role="status">
        {message}
      </span>
    </>
  );
}

/** Font size, high contrast, print and read aloud. */
export function ReadingTools() {
  const { t } = useI18n();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form
    <div className="reading-tools" role="group" aria-label={t('portalTools')}>
      <FontSizeControl />
      <ContrastToggle />
      <button type="button" className="btn btn-small" onClick={() => window.print()}>
        <span aria-hidden="true">🖶 </span>
        {t('portalPrint')}
      </button>
      <ReadAloud />
    </div>
  );
}
