#!/usr/bin/env bash
# Installs the system packages some features need (LibreOffice for DOCX->PDF, the fonts of the
# house typography, poppler-utils, qpdf). Only when missing, and only where we can
# (root + apt-get). Otherwise prints what is missing; the features that need
# them then report a clear message instead of failing silently.
#
# Fonts (README "字体"): Noto CJK (Chinese in the Word drafts), Liberation Serif (Latin letters
# and digits, metric-compatible with Times New Roman), GNU FreeSerif (tick boxes ☑ □),
# AR PL UMing (Chinese serif TrueType embedded as a subset in the evidence bundle).
set -u
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "Noto Serif CJK SC" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation)
fc-list 2>/dev/null | grep -qi "FreeSerif" || need+=(fonts-freefont-ttf)
# TrueType (glyf) CJK serif embedded (subset) in the evidence bundle; Arphic Public License
{ [ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || fc-list 2>/dev/null | grep -qi "AR PL UMing"; } || need+=(fonts-arphic-uming)
# the Chinese font tools/make_samples.py draws the sample evidence images with
{ [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; } || need+=(fonts-wqy-microhei)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# LibreOffice's Python bindings: the warm converter (pipeline/efiling/warm.py) drives soffice over UNO
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import uno' >/dev/null 2>&1; } || need+=(python3-uno)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
# headless browser for the portfolio page test (tests/test_status.py); optional
command -v chromium >/dev/null 2>&1 || need+=(chromium)
install_fontconf() {
  # fontconfig aliases: 仿宋/楷体/黑体/方正小标宋 -> Noto CJK SC, Times New Roman -> Liberation Serif
  # (see the file's comment)
  local src dir
  src="$(dirname "$0")/fontconfig/65-cuishou-cjk.conf"
  if [ "$(id -u)" = "0" ]; then dir=/etc/fonts/conf.d; else dir="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d"; fi
  if ! cmp -s "$src" "$dir/65-cuishou-cjk.conf" 2>/dev/null; then
    mkdir -p "$dir" && cp "$src" "$dir/65-cuishou-cjk.conf" && fc-cache -f >/dev/null 2>&1 || true
  fi
}
install_cjk_truetype() {
  # TrueType copies of Noto CJK SC (tools/make_cjk_truetype.py): LibreOffice embeds them without
  # the Type 1 conversion of CFF fonts, which makes e-filing faster (README "字体"). Needs the
  # project's venv (fontTools); skipped without it, and LibreOffice then uses Noto CJK itself.
  local py
  py="$(dirname "$0")/../.venv/bin/python"
  [ -x "$py" ] && "$py" -c 'import fontTools' >/dev/null 2>&1 || return 0
  "$py" "$(dirname "$0")/make_cjk_truetype.py" || echo "警告：TrueType 中文字体未能生成，LibreOffice 将直接使用 Noto CJK（较慢）。"
}
if [ ${#need[@]} -eq 0 ]; then install_fontconf; install_cjk_truetype; exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装系统依赖：${need[*]}"
  (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null) \
    || echo "警告：系统依赖安装失败（${need[*]}），相关功能将降级并给出提示。"
else
  echo "提示：缺少系统软件包 ${need[*]}；请以 root 运行 'make sysdeps' 或用系统包管理器安装。相关功能（Word 转 PDF、截图检查）将降级并给出提示。"
fi
install_fontconf
install_cjk_truetype
exit 0
