<?xml version="1.0" encoding="utf-8"?>
<!-- A feed of this site opened in a browser: a page in Japanese that says what a feed is, how to subscribe and
     what the feed holds (build_scripts/downloads/feed.py names this stylesheet). Feed readers ignore it. Links
     are resolved against the feed's xml:base (the site root) when the build has no site address. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:a="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="a">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:variable name="base" select="/a:feed/@xml:base"/>

  <xsl:template name="href">
    <xsl:param name="url"/>
    <xsl:choose>
      <xsl:when test="starts-with($url, 'http://') or starts-with($url, 'https://')"><xsl:value-of select="$url"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($base, $url)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/a:feed">
    <html lang="ja">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="a:title"/>（フィード）</title>
        <style>
          body { font-family: sans-serif; max-width: 46em; margin: 0 auto; padding: 1em; line-height: 1.7; color: #1a1a1a; }
          .about { background: #eef1f6; border-radius: 6px; padding: .6em 1em; }
          li { margin: .6em 0; } time { white-space: nowrap; color: #4a4f58; margin-right: .5em; }
        </style>
      </head>
      <body>
        <h1 class="feed-title"><xsl:value-of select="a:title"/></h1>
        <div class="about">
          <p>これは<strong>フィード</strong>（Atom 形式の更新情報）です。計画の公表・改訂・進捗報告・廃止を、新しいものから並べています。</p>
          <p>受け取るには、このページのアドレス（ブラウザのアドレス欄の URL）を、フィードリーダー（Feedly、Inoreader、Thunderbird、Outlook など）に「購読」として登録してください。
            新しい更新があると、リーダーに届きます。登録しなくても、このページをときどき開けば最新の更新が分かります。</p>
          <p><a>
            <xsl:attribute name="href"><xsl:call-template name="href"><xsl:with-param name="url" select="a:link[@rel='alternate']/@href"/></xsl:call-template></xsl:attribute>
            このフィードのページへ</a></p>
        </div>
        <h2>更新（<xsl:value-of select="count(a:entry)"/> 件）</h2>
        <xsl:if test="not(a:entry)"><p>まだ更新はありません。</p></xsl:if>
        <ul class="feed-entries">
          <xsl:for-each select="a:entry">
            <li>
              <time><xsl:value-of select="substring(a:updated, 1, 10)"/></time>
              <a>
                <xsl:attribute name="href"><xsl:call-template name="href"><xsl:with-param name="url" select="a:link/@href"/></xsl:call-template></xsl:attribute>
                <xsl:value-of select="a:title"/>
              </a>
              <xsl:if test="a:summary != ''"><br/><xsl:value-of select="a:summary"/></xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
